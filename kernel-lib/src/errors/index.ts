// Errors: the typed input error of the public entry points (codes in input-error.ts); option checks live in check-options.ts.
export type { InputErrorCode } from './input-error';
export { InputError } from './input-error';
