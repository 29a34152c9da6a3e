import type { ChangeList, ConfigDiff } from './config-io-schemas';

const SECTIONS = [
  { key: 'providers', title: 'Providers', removedNote: 'disabled, credentials kept' },
  { key: 'models', title: 'Models', removedNote: 'deployments removed, catalog entry kept' },
  { key: 'policies', title: 'Policies', removedNote: 'detached, not deleted' },
] as const;

/** What an import would add, change and remove, section by section (only sections with changes are listed). */
export function ConfigDiffView({ diff }: { diff: ConfigDiff }) {
  const sections = SECTIONS.filter(({ key }) => hasChanges(diff[key]));
  if (sections.length === 0 && diff.teams.added.length === 0) {
    return <p className="text-sm text-fg">Nothing would change: the file matches the stored config.</p>;
  }
  return (
    <div className="flex flex-col gap-4" data-testid="config-diff">
      {sections.map(({ key, title, removedNote }) => (
        <section key={key} aria-label={title} className="flex flex-col gap-1">
          <h3 className="text-sm font-semibold text-fg">{title}</h3>
          <ul className="flex flex-col gap-0.5 font-mono text-xs">
            {diff[key].added.map((name) => (
              <li key={`a-${name}`} className="text-success">
                <span className="sr-only">Added: </span>
                <span aria-hidden="true">+ </span>
                {name}
              </li>
            ))}
            {diff[key].changed.map((change) => (
              <li key={`c-${change.name}`} className="text-warning">
                <span className="sr-only">Changed: </span>
                <span aria-hidden="true">~ </span>
                {change.name} <span className="text-fg-muted">({change.fields.join(', ')})</span>
              </li>
            ))}
            {diff[key].removed.map((name) => (
              <li key={`r-${name}`} className="text-danger">
                <span className="sr-only">Removed: </span>
                <span aria-hidden="true">− </span>
                {name} <span className="text-fg-muted">({removedNote})</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {diff.teams.added.length > 0 && (
        <section aria-label="Teams" className="flex flex-col gap-1">
          <h3 className="text-sm font-semibold text-fg">Teams</h3>
          <ul className="flex flex-col gap-0.5 font-mono text-xs">
            {diff.teams.added.map((name) => (
              <li key={name} className="text-success">
                <span className="sr-only">Added: </span>
                <span aria-hidden="true">+ </span>
                {name}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function hasChanges(list: ChangeList): boolean {
  return list.added.length + list.changed.length + list.removed.length > 0;
}
