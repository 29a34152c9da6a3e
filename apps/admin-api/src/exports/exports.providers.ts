import { ExportQueue } from './export-queue';
import { ExportsService } from './exports.service';

/** What the admin API module registers for audit exports and usage reports. */
export const EXPORTS_PROVIDERS = [ExportQueue, ExportsService];
