import { AnalyticsDataSourceLifecycle, analyticsDataSourceProvider } from './analytics-database';
import { AnalyticsService } from './analytics.service';

/** What the admin API module registers for analytics (the read DataSource is shared with request logs). */
export const ANALYTICS_PROVIDERS = [analyticsDataSourceProvider, AnalyticsDataSourceLifecycle, AnalyticsService];
