// The configuration the process runs with, replaceable while it runs (SIGHUP, an edited file:
// config-reload.ts). Services keep this holder, not the configuration, and read `current()` once
// per command: a command then sees one whole configuration, never half the old and half the new.
// A request that reads it several times (adapters resolve the person, render, answer) runs
// inside `pin`, so a reload in the middle of it reaches the next request, not the rest of this one.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { TriageConfig } from '../core/config.js';

/** What services read. */
export interface ConfigSource {
  /** The pinned configuration inside `pin`, otherwise the latest. */
  current(): TriageConfig;
  /** Runs `work` with today's configuration pinned for everything it does, awaited or not. */
  pin<T>(work: () => T): T;
  /** Called after each replacement with the new and the previous one; returns an unsubscribe. */
  onChange(listener: ConfigListener): () => void;
}

export type ConfigListener = (next: TriageConfig, previous: TriageConfig) => void;

export class ConfigHolder implements ConfigSource {
  private readonly listeners = new Set<ConfigListener>();
  private readonly pinned = new AsyncLocalStorage<TriageConfig>();
  private config: TriageConfig;
  /** What is added on top of the file: the platforms' people and roles (src/app/directory). */
  private overlay: (file: TriageConfig) => TriageConfig = (file) => file;

  constructor(private file: TriageConfig) {
    this.config = file;
  }

  current(): TriageConfig {
    return this.pinned.getStore() ?? this.config;
  }

  pin<T>(work: () => T): T {
    // Already pinned (a request inside a request's scope): keep the outer one.
    if (this.pinned.getStore()) return work();
    return this.pinned.run(this.config, work);
  }

  /** The configuration as the file gave it, without the overlay (what a reload compares). */
  fromFile(): TriageConfig {
    return this.file;
  }

  onChange(listener: ConfigListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A new file configuration; the overlay is applied to it. One assignment: the switch is
   *  atomic for every reader. A failing listener is reported to `onError`; the change stays. */
  replace(next: TriageConfig, onError: (err: unknown) => void = () => {}): void {
    this.file = next;
    this.publish(onError);
  }

  /** A new overlay on the same file configuration (a directory refresh). */
  setOverlay(
    overlay: (file: TriageConfig) => TriageConfig,
    onError: (err: unknown) => void = () => {},
  ): void {
    this.overlay = overlay;
    this.publish(onError);
  }

  private publish(onError: (err: unknown) => void): void {
    const previous = this.config;
    this.config = this.overlay(this.file);
    for (const listener of this.listeners) {
      try {
        listener(this.config, previous);
      } catch (err) {
        onError(err);
      }
    }
  }
}

/** A fixed configuration (tools, tests): `current()` never changes. */
export const fixedConfig = (config: TriageConfig): ConfigHolder => new ConfigHolder(config);

const isSource = (x: TriageConfig | ConfigSource): x is ConfigSource =>
  typeof (x as Partial<ConfigSource>).current === 'function';

/** Services accept either; a plain configuration is held fixed. */
export const sourceOf = (x: TriageConfig | ConfigSource): ConfigSource => (isSource(x) ? x : fixedConfig(x));
