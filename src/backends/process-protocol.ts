/**
 * Messages between the process pool and its children. Tuples rather than
 * objects keep the per-message overhead small under both JSON and V8
 * (`advanced`) serialization. A task names its handler by a small number that
 * the pool defines once per child (`define`), so a task carries its id, that
 * number and its arguments, not the workload's and handler's names.
 */
export const ToChild = { task: 0, open: 1, data: 2, end: 3, define: 4 } as const;
export const ToParent = { result: 0, error: 1, data: 2, ready: 3 } as const;

export type ToChildMessage =
  | [typeof ToChild.task, number, number, unknown]
  | [typeof ToChild.open, number, unknown]
  | [typeof ToChild.data, number, unknown]
  | [typeof ToChild.end, number]
  | [typeof ToChild.define, number, string, string];

export type ToParentMessage =
  | [typeof ToParent.result | typeof ToParent.data, number, unknown]
  | [typeof ToParent.error, number, unknown]
  | [typeof ToParent.ready];
