import type { Migration } from '../migrations.ts';

// caFile and trackingInboxDir must now be full paths (preload/schemas/paths.ts): the app, the
// service and the CLI start in different folders, so a relative one named a different file or
// folder in each. A stored relative value would now fail its schema and make every settings read
// throw, locking the connector (and the `config set` that could fix it) out. Such a value is
// cleared, and the activity log says which and what it was, so the admin can set it again.
const RELATIVE = `key IN ('caFile', 'trackingInboxDir') AND json_type(value) = 'text'
  AND NOT (value ->> '$' GLOB '/*' OR value ->> '$' GLOB '[A-Za-z]:[\\/]*' OR value ->> '$' GLOB '\\*')`;

export const clearRelativePaths: Migration = {
  version: 5,
  name: 'clear relative caFile and trackingInboxDir',
  sql: `
INSERT INTO activity_log (at, level, kind, message, details)
  SELECT CAST(unixepoch('subsec') * 1000 AS INTEGER), 'warn', 'settings.relative-path-cleared',
         'The ' || key || ' setting held the relative path "' || (value ->> '$') || '", which named a different place in the app, the service and the command line. It was cleared: set it again as a full path.',
         json_object('key', key, 'value', value ->> '$')
  FROM settings WHERE ${RELATIVE};
UPDATE settings SET value = 'null' WHERE ${RELATIVE};
`,
};
