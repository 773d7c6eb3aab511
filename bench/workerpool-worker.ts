/** workerpool process worker for bench/process-pools: registers a noop method. */
import workerpool from 'workerpool';

workerpool.worker({
  noop: (value: unknown): unknown => value,
});
