import Link from "next/link";
import { IMPACT_NAMES, LIKELIHOOD_NAMES } from "@/lib/risks/matrix";
import type { HeatCell } from "@/lib/risks/queries";

/**
 * The 5×5 heat map as a real table (likelihood rows from 5 down, impact columns), each cell a link that
 * filters the register to that cell. Counts are text, colours come from the matrix.
 */
export function HeatMap({
  cells,
  hrefFor,
  selected,
  caption,
}: {
  cells: HeatCell[];
  hrefFor: (likelihood: number, impact: number) => string;
  selected?: { likelihood: number | null; impact: number | null };
  caption: string;
}) {
  const at = (l: number, i: number) => cells.find((c) => c.likelihood === l && c.impact === i) as HeatCell;
  return (
    <table className="heatmap">
      <caption className="small muted">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">
            <span className="sr-only">Likelihood \ impact</span>
          </th>
          {IMPACT_NAMES.map((name, i) => (
            <th key={name} scope="col">
              {i + 1}
              <span className="small muted block">{name}</span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {[5, 4, 3, 2, 1].map((l) => (
          <tr key={l}>
            <th scope="row">
              {l} <span className="small muted block">{LIKELIHOOD_NAMES[l - 1]}</span>
            </th>
            {[1, 2, 3, 4, 5].map((i) => {
              const c = at(l, i);
              const isSel = selected?.likelihood === l && selected?.impact === i;
              return (
                <td key={i} style={{ background: c.color }} className={isSel ? "selected" : undefined}>
                  <Link
                    href={hrefFor(l, i)}
                    aria-label={`Likelihood ${l}, impact ${i}: ${c.count} risk${c.count === 1 ? "" : "s"} (${c.level})`}
                    aria-current={isSel ? "true" : undefined}
                  >
                    {c.count || ""}
                  </Link>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
