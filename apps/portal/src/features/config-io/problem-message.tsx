import { ApiError } from '../../api/api-error';

/** An error as an alert: the admin API's explanation, then each field it refused and why. */
export function ProblemMessage({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const fields = error instanceof ApiError ? error.fieldErrors : [];
  return (
    <div role="alert" className="flex flex-col gap-1 rounded-lg border border-danger/30 bg-danger-soft px-3 py-2 text-sm text-danger">
      <p>{message}</p>
      {fields.length > 0 && (
        <ul className="list-disc pl-5">
          {fields.map((f, i) => (
            <li key={`${f.path}-${i}`}>
              {f.path && <code className="font-mono text-xs">{f.path}</code>}
              {f.path && ': '}
              {f.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
