/** Types of the planner's API (/api/monitoring/handling, /planning, /what-if; docs/planning.md): the server's own, generated. */
import type { ApiData } from '../../api/client';

export type HandlingReport = ApiData<'/api/monitoring/handling'>;
export type HandlingSummary = HandlingReport['handling'];
export type HandlingBrief = HandlingReport['children'][number]['handling'];
export type Hidden = HandlingReport['hidden'];
export type PhaseKey = keyof HandlingSummary['phases'];
export type Sample = HandlingSummary['phases'][PhaseKey];
export type QuantileCi = Sample['p50'];
export type Cover = HandlingSummary['cover90'];

export type CapacityPlan = ApiData<'/api/monitoring/planning'>;
export type OfficePlan = CapacityPlan['offices'][number];
export type OfficeOption = OfficePlan['options'][number];
export type DeskPlan = CapacityPlan['desks'][number];

/** GET /api/monitoring/what-if: a past period replayed as it was (against what happened) and with a change. */
export type WhatIfReplay = ApiData<'/api/monitoring/what-if'>;
/** A replay's figures (lead times in working days, shares 0–1, delays in seconds). */
export type SimFigures = WhatIfReplay['baseline'];
export type ActualFigures = WhatIfReplay['actual'];
