import { ProblemPage } from "@/components/shell/ProblemPage";

// notFound() in a page of the app (an unknown risk, incident or report id): the answer stays in the app.
export default function NotFound() {
  return (
    <ProblemPage title="Not found">
      There is nothing at this address: the record may have been deleted, or the link is mistyped.
    </ProblemPage>
  );
}
