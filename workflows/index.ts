// The worker bundles this module: it must export every workflow type the task queue serves.
export { casusWorkflow } from './casus';
export { anonimiseringsSweep } from './sweep';
