/**
 * OfficeExtension.Error and the error codes/messages of the real runtime.
 *
 * Messages are the ones the real Office.js runtime uses (excel-web-16.00.debug.js and
 * docs/testing/application-specific-api-error-handling.md). Codes are not localized in Excel,
 * so tests should assert on `code`, never on `message`.
 */

export interface FakeDebugInfo {
  code: string;
  message: string;
  errorLocation?: string;
  statement?: string;
  surroundingStatements?: string[];
  innerError?: FakeDebugInfo | string;
}

/** Same shape as `OfficeExtension.Error` (the runtime's RuntimeError extends Error). */
export class OfficeExtensionError extends Error {
  override name = "RichApi.Error";
  code: string;
  debugInfo: FakeDebugInfo;
  traceMessages: string[] = [];
  innerError: OfficeExtensionError | null = null;

  constructor(code: string, message: string, errorLocation?: string) {
    super(message);
    Object.setPrototypeOf(this, new.target.prototype);
    this.code = code;
    this.debugInfo = { code, message, errorLocation };
  }

  override toString(): string {
    return `${this.code}: ${this.message}`;
  }
}

/** `OfficeExtension.ErrorCodes` (runtime-level codes). */
export const OfficeExtensionErrorCodes = {
  accessDenied: "AccessDenied",
  generalException: "GeneralException",
  activityLimitReached: "ActivityLimitReached",
  invalidObjectPath: "InvalidObjectPath",
  propertyNotLoaded: "PropertyNotLoaded",
  valueNotLoaded: "ValueNotLoaded",
  invalidRequestContext: "InvalidRequestContext",
  invalidArgument: "InvalidArgument",
  runMustReturnPromise: "RunMustReturnPromise",
  cannotRegisterEvent: "CannotRegisterEvent",
  apiNotFound: "ApiNotFound",
  connectionFailure: "ConnectionFailure",
} as const;

/** Default messages for codes (docs table "Error codes and messages"). */
const MESSAGES: Record<string, string> = {
  AccessDenied: "You cannot perform the requested operation.",
  ApiNotFound:
    "The API you are trying to use could not be found. It may be available in a newer version of Excel. Please refer to the documentation: \"https://learn.microsoft.com/javascript/api/requirement-sets\" for more information.",
  GeneralException: "There was an internal error while processing the request.",
  InvalidArgument: "The argument is invalid or missing or has an incorrect format.",
  InvalidOperation: "The operation attempted is invalid on the object.",
  InvalidReference: "This reference is not valid for the current operation.",
  ItemAlreadyExists: "The resource being created already exists.",
  ItemNotFound: "The requested resource doesn't exist.",
  NotImplemented: "The requested feature isn't implemented.",
  UnsupportedFeature: "The operation failed because the source worksheet contains one or more unsupported features.",
  UnsupportedOperation: "The operation being attempted is not supported.",
  RangeExceedsLimit: "The cell count in the range has exceeded the maximum supported number.",
  InvalidOperationInCellEditMode:
    "The operation isn't available while Excel is in Edit cell mode. Exit Edit mode by using the Enter or Tab keys, or by selecting another cell, and then try again.",
  ValueNotLoaded:
    'The value of the result object has not been loaded yet. Before reading the value property, call "context.sync()" on the associated request context.',
  InvalidRequestContext: "Cannot use the object across different request contexts.",
  RunMustReturnPromise:
    'The batch function passed to the ".run" method didn\'t return a promise. The function must return a promise, so that any automatically-tracked objects can be released at the completion of the batch operation. Typically, you return a promise by returning the response from "context.sync()".',
};

export function officeError(code: string, message?: string, errorLocation?: string): OfficeExtensionError {
  return new OfficeExtensionError(code, message ?? MESSAGES[code] ?? code, errorLocation);
}

export function propertyNotLoaded(property: string, typeName?: string): OfficeExtensionError {
  return new OfficeExtensionError(
    "PropertyNotLoaded",
    `The property '${property}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
    typeName ? `${typeName}.${property}` : property,
  );
}

export function invalidObjectPath(expression: string): OfficeExtensionError {
  return new OfficeExtensionError(
    "InvalidObjectPath",
    `The object path '${expression}' isn't working for what you're trying to do. If you're using the object across multiple "context.sync" calls and outside the sequential execution of a ".run" batch, please use the "context.trackedObjects.add()" and "context.trackedObjects.remove()" methods to manage the object's lifetime.`,
    expression,
  );
}

export const SHAPE_MISMATCH_MESSAGE =
  "The number of rows or columns in the input array doesn't match the size or dimensions of the range.";
