import type { ComponentProps, ReactNode } from "react";
import { DataTable } from "./DataTable";

type TableProps<T> = Omit<ComponentProps<typeof DataTable<T>>, "caption" | "captionHidden">;

/**
 * A card that is one table: its heading names the table (the caption stays for screen readers), an
 * optional intro above and anything after it (the add form of the records listed) below.
 */
export function TableCard<T>({
  title,
  intro,
  children,
  ...table
}: TableProps<T> & { title: string; intro?: ReactNode; children?: ReactNode }) {
  return (
    <section className="card">
      <h2>{title}</h2>
      {intro}
      <DataTable caption={title} captionHidden {...table} />
      {children}
    </section>
  );
}
