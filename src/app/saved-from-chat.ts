// An import that would overwrite entries saved from chat ("Save as knowledge") is refused.

/**
 * Thrown by KnowledgePort.importEntries before anything is written. A draft saved from chat takes
 * a KB-000204-style ref, the form a desk gives its own entries too, so a later import row with
 * that ref would otherwise replace the agent's draft silently. `refs` maps each such ref to the
 * number of the incident it was saved from; the importer reports them row by row.
 */
export class SavedFromChatRefs extends Error {
  constructor(readonly refs: ReadonlyMap<string, string>) {
    super(`the import names ${refs.size} knowledge entries saved from chat`);
    this.name = 'SavedFromChatRefs';
  }
}
