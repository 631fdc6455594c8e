import { ProblemPage } from "@/components/shell/ProblemPage";

// forbidden() from securePage: a signed-in user whose role lacks the page's capability (status 403).
export default function Forbidden() {
  return (
    <ProblemPage title="You don’t have access to this page">
      Your role does not include this area. Ask an admin if you need it.
    </ProblemPage>
  );
}
