import type { ConnectorField } from "@/lib/sources/fields";

/** One config field of a connector's form: its label, input of the right kind, unit and help. */
export function ConnectorFieldInput({ kind, field: f }: { kind: string; field: ConnectorField }) {
  const id = `src-${kind}-${f.key}`;
  const hint = `${id}-hint`;
  const common = { id, name: `config:${f.key}`, required: f.required, "aria-describedby": hint };
  if (f.type === "checkbox")
    return (
      <div className="field">
        <label className="check" htmlFor={id}>
          <input {...common} type="checkbox" defaultChecked={f.initial === true} /> {f.label}
        </label>
        <div className="hint" id={hint}>
          {f.help}
        </div>
      </div>
    );
  const multiline = f.type === "list" || f.type === "pairs" || f.type === "pem";
  return (
    <div className="field">
      <label htmlFor={id}>
        {f.label}
        {f.unit ? ` (${f.unit})` : ""}
      </label>
      {multiline ? (
        <textarea
          {...common}
          rows={f.type === "pem" ? 4 : 3}
          placeholder={f.placeholder}
          className={f.type === "pem" ? "mono" : undefined}
          spellCheck={false}
        />
      ) : (
        <input
          {...common}
          type={f.type === "number" ? "number" : f.type === "url" ? "url" : "text"}
          placeholder={f.placeholder}
          defaultValue={f.initial === undefined ? undefined : String(f.initial)}
        />
      )}
      <div className="hint" id={hint}>
        {f.help}
      </div>
    </div>
  );
}
