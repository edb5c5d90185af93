// One component per panel type (by the spec's viewType).
import { BarPlot } from "./BarPlot";
import { CodeComparer } from "./code/CodeComparer";
import { CustomChart } from "./customChart/CustomChart";
import { withHistograms } from "./histogram/Histograms";
import type { PanelComponent } from "./common";
import { LinePlot } from "./LinePlot";
import { MarkdownPanel } from "./MarkdownPanel";
import { MediaBrowser } from "./MediaBrowser";
import { ParallelCoordinates } from "./ParallelCoordinates";
import { ParameterImportance } from "./ParameterImportance";
import { Placeholder } from "./Placeholder";
import { RunComparer } from "./RunComparer";
import { ScalarChart } from "./ScalarChart";
import { ScatterPlot } from "./ScatterPlot";
import { Weave } from "./weave/Weave";

const COMPONENTS: Record<string, PanelComponent> = {
  "Run History Line Plot": withHistograms(LinePlot),
  "Scalar Chart": ScalarChart,
  "Bar Chart": BarPlot,
  "Markdown Panel": MarkdownPanel,
  "Scatter Plot": ScatterPlot,
  "Parallel Coordinates Plot": ParallelCoordinates,
  "Parameter Importance": ParameterImportance,
  "Run Comparer": RunComparer,
  "Media Browser": MediaBrowser,
  Vega2: CustomChart,
  "Code Comparer": CodeComparer,
  Weave: Weave,
  "Weave Trace": Weave,
};

export function componentFor(viewType: string): PanelComponent {
  return COMPONENTS[viewType] ?? Placeholder;
}

/** Panels drawn from nothing the runs log (their text, or a placeholder card). */
export function isStatic(viewType: string): boolean {
  return viewType === "Markdown Panel" || !(viewType in COMPONENTS);
}
