// The configuration the process runs with, replaceable while it runs (SIGHUP, an edited file:
// config-reload.ts). Services keep this holder, not the configuration, and read `current()` once
// per command: a command then sees one whole configuration, never half the old and half the new.
import type { TriageConfig } from '../core/config.js';

/** What services read. */
export interface ConfigSource {
  current(): TriageConfig;
  /** Called after each replacement with the new and the previous one; returns an unsubscribe. */
  onChange(listener: ConfigListener): () => void;
}

export type ConfigListener = (next: TriageConfig, previous: TriageConfig) => void;

export class ConfigHolder implements ConfigSource {
  private readonly listeners = new Set<ConfigListener>();

  constructor(private config: TriageConfig) {}

  current(): TriageConfig {
    return this.config;
  }

  onChange(listener: ConfigListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One assignment: the switch is atomic for every reader. A failing listener is not the
   *  holder's business (the new configuration stays); it is reported to `onError`. */
  replace(next: TriageConfig, onError: (err: unknown) => void = () => {}): void {
    const previous = this.config;
    this.config = next;
    for (const listener of this.listeners) {
      try {
        listener(next, previous);
      } catch (err) {
        onError(err);
      }
    }
  }
}

/** A fixed configuration (tools, tests): `current()` never changes. */
export const fixedConfig = (config: TriageConfig): ConfigSource => new ConfigHolder(config);

const isSource = (x: TriageConfig | ConfigSource): x is ConfigSource =>
  typeof (x as Partial<ConfigSource>).current === 'function';

/** Services accept either; a plain configuration is held fixed. */
export const sourceOf = (x: TriageConfig | ConfigSource): ConfigSource => (isSource(x) ? x : fixedConfig(x));
