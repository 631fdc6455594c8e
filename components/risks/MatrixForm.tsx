"use client";

import { useState } from "react";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import type { RiskMatrix } from "@/lib/risks/matrix";

/** Edit the matrix: level names, colours and review cadences, the appetite, and the level of each cell. */
export function MatrixForm({ matrix, canEdit }: { matrix: RiskMatrix; canEdit: boolean }) {
  const [m, setM] = useState<RiskMatrix>(matrix);
  const save = useApiMutation<RiskMatrix>();
  const details = (save.error?.details as { path: string; message: string }[] | undefined) ?? [];
  const setLevel = (i: number, k: "name" | "color" | "reviewDays", v: string) =>
    setM((x) => ({
      ...x,
      levels: x.levels.map((l, j) => (j === i ? { ...l, [k]: k === "reviewDays" ? Number(v) : v } : l)),
    }));
  const setCell = (l: number, i: number, v: number) =>
    setM((x) => ({
      ...x,
      grid: x.grid.map((row, a) => (a === l ? row.map((c, b) => (b === i ? v : c)) : row)),
    }));
  return (
    <form
      aria-label="Risk matrix"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ url: "/api/v1/risks/settings", method: "PUT", body: m });
      }}
      className="stack matrix-form"
    >
      <section className="card">
        <h2>Levels and review cadence</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Key</th>
                <th>Name</th>
                <th>Colour</th>
                <th className="num">Review every (days)</th>
              </tr>
            </thead>
            <tbody>
              {m.levels.map((l, i) => (
                <tr key={l.key}>
                  <td className="mono">{l.key}</td>
                  <td>
                    <input
                      aria-label={`${l.key} name`}
                      value={l.name}
                      disabled={!canEdit}
                      onChange={(e) => setLevel(i, "name", e.target.value)}
                    />
                  </td>
                  <td>
                    <input
                      aria-label={`${l.key} colour`}
                      type="color"
                      value={l.color}
                      disabled={!canEdit}
                      onChange={(e) => setLevel(i, "color", e.target.value)}
                    />
                  </td>
                  <td className="num">
                    <input
                      aria-label={`${l.key} review days`}
                      type="number"
                      min={1}
                      max={3650}
                      value={l.reviewDays}
                      disabled={!canEdit}
                      onChange={(e) => setLevel(i, "reviewDays", e.target.value)}
                      className="input-days"
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="field gap-above">
          <label htmlFor="appetite">Appetite: the most severe acceptable residual level</label>
          <select
            id="appetite"
            value={m.appetite}
            disabled={!canEdit}
            onChange={(e) => setM({ ...m, appetite: e.target.value })}
          >
            {m.levels.map((l) => (
              <option key={l.key} value={l.key}>
                {l.name}
              </option>
            ))}
          </select>
        </div>
      </section>
      <section className="card">
        <h2>Matrix</h2>
        <div className="table-wrap">
          <table className="heatmap">
            <thead>
              <tr>
                <th scope="col">
                  <span className="sr-only">Likelihood \ impact</span>
                </th>
                {[1, 2, 3, 4, 5].map((i) => (
                  <th key={i} scope="col">
                    impact {i}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {[5, 4, 3, 2, 1].map((l) => (
                <tr key={l}>
                  <th scope="row">likelihood {l}</th>
                  {[1, 2, 3, 4, 5].map((i) => (
                    <td key={i} style={{ background: m.levels[m.grid[l - 1][i - 1]]?.color }}>
                      <select
                        aria-label={`Level for likelihood ${l}, impact ${i}`}
                        value={m.grid[l - 1][i - 1]}
                        disabled={!canEdit}
                        onChange={(e) => setCell(l - 1, i - 1, Number(e.target.value))}
                        className="cell-select"
                      >
                        {m.levels.map((lv, idx) => (
                          <option key={lv.key} value={idx}>
                            {lv.name}
                          </option>
                        ))}
                      </select>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {canEdit && (
        <div className="row">
          <button className="btn primary" type="submit" disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save matrix"}
          </button>
          {save.isSuccess && (
            <span role="status" className="muted">
              Saved. Every risk is re-levelled with it.
            </span>
          )}
          {save.error && (
            <span role="alert" className="form-error">
              {save.error.message}
              {details.length > 0 && ` (${details.map((d) => d.path).join(", ")})`}
            </span>
          )}
        </div>
      )}
    </form>
  );
}
