// One line per figure: `name value unit` and, where the figure is a comparison, its ratio and target.
export interface Figure {
  name: string;
  value: number;
  unit: string;
  ratio?: number;
  target?: string;
}

export function printFigures(figures: Figure[]) {
  for (const f of figures) {
    const v = Number.isInteger(f.value) ? String(f.value) : f.value.toFixed(2);
    const parts = [f.name, v, f.unit];
    if (f.ratio !== undefined) parts.push(`ratio=${f.ratio.toFixed(3)}`);
    if (f.target) parts.push(`target ${f.target}`);
    console.log(parts.join(" "));
  }
}
