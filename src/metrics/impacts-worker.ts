/**
 * Worker thread: computes model_change_impacts (its cluster bootstrap is the costliest metric)
 * while the main thread computes the other metric tables, so the two cores are both busy.
 * Receives the changes, the turn columns and the settings as workerData; posts the rows back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { changeImpacts, type ModelChange } from './change-impacts.js';
import type { TurnColumns } from './turn-columns.js';
import type { MetricSettings } from './turn-fact.js';

export interface ImpactsJob {
  changes: ModelChange[];
  turns: TurnColumns;
  settings: MetricSettings;
}

const job = workerData as ImpactsJob;
parentPort!.postMessage(changeImpacts(job.changes, job.turns, job.settings));
