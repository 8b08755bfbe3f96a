// The typed error a public entry point throws when its caller's input is unusable: a stable machine-readable code and
// a one-line message "<function>: <problem>" (the input-side twin of io/errors.ts's FitsError).
//
// Failure styles of the library, one per kind of function:
//   - bad input to a public entry point (a wrong option, a missing seed, arrays that do not align) → throw InputError;
//   - a fit on valid input that cannot produce a result (too few points, no convergence) → return { ok: false, reason };
//   - reading or writing a file → throw FitsError (io/errors.ts);
//   - something worth knowing that did not stop the result → a line in the result's `notes`.

/** What was wrong with the input, as a stable string callers can switch on. */
export type InputErrorCode =
  | 'missing' // a required argument or option is absent (e.g. options.seed)
  | 'bad-type' // a value of the wrong kind (not an array, not a function, not an object)
  | 'not-finite' // a number, or an entry of an array, is NaN, ±Infinity or not a number
  | 'not-integer' // a count, index or seed that is not an integer
  | 'out-of-range' // a finite number outside its allowed range
  | 'not-one-of' // a named choice outside its allowed values
  | 'length-mismatch' // arrays that must align have different lengths
  | 'too-few' // fewer values than the method needs
  | 'inconsistent'; // options valid one by one but not together (e.g. lo ≥ hi)

/** Error thrown by a public entry point for bad input; `message` is one line: "<where>: <problem>". */
export class InputError extends Error {
  readonly code: InputErrorCode;
  /** The function that refused the input (for a cube whose header lacks what is needed, the cube's path). */
  readonly where: string;

  constructor(code: InputErrorCode, where: string, problem: string) {
    super(`${where}: ${problem}`.replace(/\s*[\r\n]+\s*/g, ' '));
    this.name = 'InputError';
    this.code = code;
    this.where = where;
  }
}
