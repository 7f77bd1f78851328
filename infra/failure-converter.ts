import { DefaultFailureConverter } from '@temporalio/common';

// Loaded by path (DataConverter.failureConverterPath) in the client, the worker and the workflow sandbox alike.
// Failure messages and stack traces are moved into an encoded payload, so the payload codec encrypts them as well:
// an error text can quote data, and the history must hold ciphertext only.
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
