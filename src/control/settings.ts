/** The control plane's settings: the organisation policy's `control` section over dp's defaults. */
import type { ControlPolicy } from '../validate/policies/policy.js';

export interface ControlSettings {
  maxGrantsPerPort: number;
  restrictedClassifications: string[];
  deadlineDays: number;
}

export const DEFAULT_CONTROL: ControlSettings = {
  maxGrantsPerPort: 25,
  restrictedClassifications: ['restricted', 'confidential'],
  deadlineDays: 30,
};

export function controlSettings(policy: ControlPolicy | undefined): ControlSettings {
  return {
    maxGrantsPerPort: policy?.access?.maxGrantsPerPort ?? DEFAULT_CONTROL.maxGrantsPerPort,
    restrictedClassifications: (policy?.access?.restrictedClassifications ?? DEFAULT_CONTROL.restrictedClassifications).map((c) => c.toLowerCase()),
    deadlineDays: policy?.erasure?.deadlineDays ?? DEFAULT_CONTROL.deadlineDays,
  };
}
