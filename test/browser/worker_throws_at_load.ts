/**
 * A module worker that throws while its top level runs, so it never answers: the client must
 * reject the pending call instead of hanging. Bundled by worker_trainer.test.ts.
 */
throw new Error('worker_throws_at_load: boom while loading');
