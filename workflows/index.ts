// The worker bundles this module: it must export every workflow type the task queue serves.
export { casusWorkflow } from './casus';
export { anonimiseringsSweep } from './sweep';
export { datalekWorkflow } from './datalek';
export { klachtWorkflow } from './klacht';
export { informatieplichtWorkflow } from './informatieplicht';
export { avgVerzoekWorkflow } from './avg-verzoek';
export { topxWorkflow } from './topx';
export { informatieverzoekWorkflow } from './informatieverzoek';
export { riecAfstemmingWorkflow } from './riec-afstemming';
