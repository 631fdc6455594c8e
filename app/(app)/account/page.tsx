import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/account/ChangePasswordForm";
import { PageHeader } from "@/components/ui/PageHeader";
import { securePage } from "@/lib/auth/page";
import type { Principal } from "@/lib/auth/principal";
import { ROLE_LABEL } from "@/lib/auth/roles";
import { hasPassword } from "@/lib/auth/users";
import { changePasswordAction } from "./actions";

export const metadata: Metadata = { title: "Account" };

async function AccountPage(_props: unknown, me: Principal) {
  const local = await hasPassword(me.userId);
  return (
    <>
      <PageHeader title="Account" subtitle={`${me.name} · ${me.email} · ${ROLE_LABEL[me.role]}`} />
      <div className="stack">
        <section className="card" aria-labelledby="password-heading">
          <h2 id="password-heading">Password</h2>
          {local ? (
            <>
              <p className="muted small">
                Changing your password signs you out everywhere else (other browsers and devices); this
                session stays signed in. The change is recorded in the audit log.
              </p>
              <ChangePasswordForm action={changePasswordAction} />
            </>
          ) : (
            <p className="muted">
              You sign in through single sign-on; your password is managed there, not in Posture.
            </p>
          )}
        </section>
      </div>
    </>
  );
}

export default securePage("read", AccountPage);
