import Link from "next/link";
import { SubmitRow } from "@/components/ui/FormStatus";
import type { ActionState } from "@/lib/http/form-state";

/** Submit ("Add channel" / "Save channel") and, while editing, the way back to the add form. */
export function EditFooter({
  what,
  editing,
  state,
  pending,
}: {
  what: string;
  editing: boolean;
  state: ActionState;
  pending: boolean;
}) {
  return (
    <>
      <SubmitRow
        state={state}
        pending={pending}
        label={editing ? `Save ${what}` : `Add ${what}`}
        pendingLabel={editing ? "Saving…" : "Adding…"}
      />
      {editing && (
        <p className="small">
          <Link href="/notifications">Cancel editing</Link>
        </p>
      )}
    </>
  );
}
