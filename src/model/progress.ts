/** Progress events of a run, for a terminal display or a caller's own. */
export type ProgressEvent =
  | { readonly kind: 'period-start'; readonly period: number; readonly chunks: number }
  | {
      readonly kind: 'chunk-done';
      readonly period: number;
      readonly chunk: number;
      readonly done: number;
      readonly total: number;
    }
  | { readonly kind: 'period-done'; readonly period: number; readonly status: string; readonly seconds: number };
