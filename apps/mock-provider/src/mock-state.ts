import { ErrorInjector } from './faults/fault-plan';
import { EMPTY_MOCK_CONFIG, type MockConfig } from './faults/fault-settings';
import { ModelStats } from './model-stats';
import { RequestRecorder } from './recorder';

/** Everything the mock remembers between requests; one per server instance. */
export class MockState {
  readonly recorder: RequestRecorder;
  readonly stats = new ModelStats();
  readonly errors = new ErrorInjector();
  private current: MockConfig = EMPTY_MOCK_CONFIG;

  constructor(
    recorderCapacity: number,
    readonly defaultLatencyMs: number,
  ) {
    this.recorder = new RequestRecorder(recorderCapacity);
  }

  get config(): MockConfig {
    return this.current;
  }

  /** Replaces the fault config; fail-first counts start again. */
  setConfig(config: MockConfig): void {
    this.current = config;
    this.errors.reset();
  }

  resetConfig(): void {
    this.setConfig(EMPTY_MOCK_CONFIG);
  }

  resetAll(): void {
    this.resetConfig();
    this.recorder.clear();
    this.stats.reset();
  }
}
