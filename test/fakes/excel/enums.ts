/** String enums of the Excel namespace that add-ins use (values as in @types/office-js). */

export const ConditionalFormatType = {
  custom: "Custom",
  dataBar: "DataBar",
  colorScale: "ColorScale",
  iconSet: "IconSet",
  topBottom: "TopBottom",
  presetCriteria: "PresetCriteria",
  containsText: "ContainsText",
  cellValue: "CellValue",
} as const;

export const EventSource = { local: "Local", remote: "Remote" } as const;

export const EventTriggerSource = { unknown: "Unknown", thisLocalAddin: "ThisLocalAddin" } as const;

export const SheetVisibility = { visible: "Visible", hidden: "Hidden", veryHidden: "VeryHidden" } as const;

export const DataChangeType = {
  unknown: "Unknown",
  rangeEdited: "RangeEdited",
  rowInserted: "RowInserted",
  rowDeleted: "RowDeleted",
  columnInserted: "ColumnInserted",
  columnDeleted: "ColumnDeleted",
  cellInserted: "CellInserted",
  cellDeleted: "CellDeleted",
} as const;

export const WorksheetPositionType = {
  none: "None",
  before: "Before",
  after: "After",
  beginning: "Beginning",
  end: "End",
} as const;

export const NamedItemType = {
  string: "String",
  integer: "Integer",
  double: "Double",
  boolean: "Boolean",
  range: "Range",
  error: "Error",
  array: "Array",
} as const;

export const RangeValueType = {
  unknown: "Unknown",
  empty: "Empty",
  string: "String",
  integer: "Integer",
  double: "Double",
  boolean: "Boolean",
  error: "Error",
  richValue: "RichValue",
} as const;

export const BorderIndex = {
  edgeTop: "EdgeTop",
  edgeBottom: "EdgeBottom",
  edgeLeft: "EdgeLeft",
  edgeRight: "EdgeRight",
  insideVertical: "InsideVertical",
  insideHorizontal: "InsideHorizontal",
  diagonalDown: "DiagonalDown",
  diagonalUp: "DiagonalUp",
} as const;

export const BorderLineStyle = {
  none: "None",
  continuous: "Continuous",
  dash: "Dash",
  dashDot: "DashDot",
  dashDotDot: "DashDotDot",
  dot: "Dot",
  double: "Double",
  slantDashDot: "SlantDashDot",
} as const;

export const BorderWeight = { hairline: "Hairline", thin: "Thin", medium: "Medium", thick: "Thick" } as const;

export const HorizontalAlignment = {
  general: "General",
  left: "Left",
  center: "Center",
  right: "Right",
  fill: "Fill",
  justify: "Justify",
  centerAcrossSelection: "CenterAcrossSelection",
  distributed: "Distributed",
} as const;

export const VerticalAlignment = {
  top: "Top",
  center: "Center",
  bottom: "Bottom",
  justify: "Justify",
  distributed: "Distributed",
} as const;

export const DataValidationType = {
  none: "None",
  wholeNumber: "WholeNumber",
  decimal: "Decimal",
  list: "List",
  date: "Date",
  time: "Time",
  textLength: "TextLength",
  custom: "Custom",
  inconsistent: "Inconsistent",
  mixedCriteria: "MixedCriteria",
} as const;

export const DataValidationAlertStyle = { stop: "Stop", warning: "Warning", information: "Information" } as const;

export const DataValidationOperator = {
  between: "Between",
  notBetween: "NotBetween",
  equalTo: "EqualTo",
  notEqualTo: "NotEqualTo",
  greaterThan: "GreaterThan",
  lessThan: "LessThan",
  greaterThanOrEqualTo: "GreaterThanOrEqualTo",
  lessThanOrEqualTo: "LessThanOrEqualTo",
} as const;

export const ClearApplyTo = {
  all: "All",
  formats: "Formats",
  contents: "Contents",
  hyperlinks: "Hyperlinks",
  removeHyperlinks: "RemoveHyperlinks",
  resetContents: "ResetContents",
} as const;

export const InsertShiftDirection = { down: "Down", right: "Right" } as const;
export const DeleteShiftDirection = { up: "Up", left: "Left" } as const;

export const CalculationType = { recalculate: "Recalculate", full: "Full", fullRebuild: "FullRebuild" } as const;
export const CalculationMode = { automatic: "Automatic", automaticExceptTables: "AutomaticExceptTables", manual: "Manual" } as const;

export const EventType = {
  worksheetChanged: "WorksheetChanged",
  worksheetSelectionChanged: "WorksheetSelectionChanged",
  worksheetAdded: "WorksheetAdded",
  worksheetActivated: "WorksheetActivated",
  worksheetDeactivated: "WorksheetDeactivated",
  worksheetDeleted: "WorksheetDeleted",
  worksheetNameChanged: "WorksheetNameChanged",
} as const;

export const ErrorCodes = {
  accessDenied: "AccessDenied",
  apiNotFound: "ApiNotFound",
  conflict: "Conflict",
  dirtySupportingFormula: "DirtySupportingFormula",
  emptyChartSeries: "EmptyChartSeries",
  filteredRangeConflict: "FilteredRangeConflict",
  formulaLengthExceedsLimit: "FormulaLengthExceedsLimit",
  generalException: "GeneralException",
  inactiveWorkbook: "InactiveWorkbook",
  insertDeleteConflict: "InsertDeleteConflict",
  invalidArgument: "InvalidArgument",
  invalidBinding: "InvalidBinding",
  invalidOperation: "InvalidOperation",
  invalidReference: "InvalidReference",
  invalidSelection: "InvalidSelection",
  itemAlreadyExists: "ItemAlreadyExists",
  itemNotFound: "ItemNotFound",
  mergedRangeConflict: "MergedRangeConflict",
  nonBlankCellOffSheet: "NonBlankCellOffSheet",
  notImplemented: "NotImplemented",
  openWorkbookLinksBlocked: "OpenWorkbookLinksBlocked",
  operationCellsExceedLimit: "OperationCellsExceedLimit",
  pivotTableRangeConflict: "PivotTableRangeConflict",
  powerQueryRefreshResourceChallenge: "PowerQueryRefreshResourceChallenge",
  rangeExceedsLimit: "RangeExceedsLimit",
  rangeImageExceedsLimit: "RangeImageExceedsLimit",
  refreshWorkbookLinksBlocked: "RefreshWorkbookLinksBlocked",
  requestAborted: "RequestAborted",
  responsePayloadSizeLimitExceeded: "ResponsePayloadSizeLimitExceeded",
  unsupportedFeature: "UnsupportedFeature",
  unsupportedFillType: "UnsupportedFillType",
  unsupportedOperation: "UnsupportedOperation",
  unsupportedSheet: "UnsupportedSheet",
  invalidOperationInCellEditMode: "InvalidOperationInCellEditMode",
} as const;
