import type { ReactNode } from "react";

/** What a page will show once data arrives, and how to send it. */
export function EmptyState({
  title,
  children,
  example,
}: {
  title: string;
  children: ReactNode;
  example?: string;
}) {
  return (
    <section className="card empty">
      <h2>{title}</h2>
      <p>{children}</p>
      {example && <pre>{example}</pre>}
    </section>
  );
}
