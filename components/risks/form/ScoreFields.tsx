import { IMPACT_NAMES, LIKELIHOOD_NAMES } from "@/lib/risks/matrix";
import { SelectField } from "./Field";
import { BASES, type Errors, type FormState } from "./state";

const steps = (names: readonly string[]) => names.map((n, i) => ({ value: i + 1, label: `${i + 1} ${n}` }));
const LIKELIHOOD = steps(LIKELIHOOD_NAMES);
const IMPACT = steps(IMPACT_NAMES);

const LEGENDS = {
  inherent: "Inherent (before controls)",
  residual: "Residual (with current controls)",
  target: "Target (after planned treatment)",
};
const AXES = [
  { axis: "L", label: "Likelihood", options: LIKELIHOOD },
  { axis: "I", label: "Impact", options: IMPACT },
] as const;

/** Likelihood × impact for the inherent, residual and target scores, with each score beside them. */
export function ScoreFields({
  s,
  errors,
  set,
}: {
  s: FormState;
  errors: Errors;
  set: (k: keyof FormState, v: number) => void;
}) {
  return (
    <div className="grid grid-3">
      {BASES.map((key) => (
        <fieldset className="scores" key={key}>
          <legend>{LEGENDS[key]}</legend>
          {AXES.map(({ axis, label, options }) => (
            <SelectField
              key={axis}
              name={`${key}${axis}`}
              label={label}
              errors={errors}
              value={s[`${key}${axis}`]}
              onChange={(v) => set(`${key}${axis}`, Number(v))}
              options={options}
            />
          ))}
          <div className="small muted">Score {s[`${key}L`] * s[`${key}I`]}</div>
        </fieldset>
      ))}
    </div>
  );
}
