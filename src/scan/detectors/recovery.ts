import { baseName, extension, factHit, isYaml, matchesWithLines, mergeHits, onlyCounterExamples, signalHit } from '../detect.js';
import { ciConfig, ciLinesMatching, isCiFile } from '../formats/ci.js';
import { containerCommands, kubernetesObjects } from '../formats/kubernetes.js';
import { at, isPlain } from '../formats/yaml.js';
import type { Detector, Hit, Inventory, SourceFile } from '../types.js';

// Backups, point-in-time recovery, replication and encryption of datastores, as infrastructure
// code and scheduled jobs show them (catalog B1–B3). Per datastore, so they speak of the
// datastores in general: a backup job found is not proof that every store is backed up.

const BACKUP = 'datastores[].backup';
const ENCRYPTED = 'security.encryption_at_rest';

const BACKUP_COMMAND = /\b(pg_dump|pg_dumpall|pg_basebackup|mysqldump|mariadb-dump|mongodump|pgbackrest|wal-g|barman|restic|borg|velero\s+backup)\b/;

export const recoveryDetector: Detector = {
  name: 'recovery',
  covers: { [BACKUP]: [true, false], 'datastores[].pitr': [true], 'datastores[].replicated': [true], [ENCRYPTED]: [true, false] },
  wants: (path) => isYaml(path) || isCiFile(path) || extension(path) === 'tf',
  inspect: (file) => [...kubernetesHits(file), ...scheduledJobHits(file), ...terraformHits(file)],
  conclude: (found, inventory) => onlyCounterExamples(mergeHits([...found, ...runbookSignals(inventory)]), [ENCRYPTED]),
};

function kubernetesHits(file: SourceFile): Hit[] {
  if (!isYaml(file.path)) return [];
  const hits: Hit[] = [];
  for (const object of kubernetesObjects(file)) {
    if (object.kind === 'Schedule' && object.apiVersion.startsWith('velero.io')) {
      hits.push(factHit(BACKUP, true, 'medium', file.path, object.line, `Velero backup schedule ${object.name}`));
    }
    if (object.kind === 'CronJob' && containerCommands(object).some((c) => BACKUP_COMMAND.test(c.text))) {
      hits.push(factHit(BACKUP, true, 'medium', file.path, object.line, `CronJob ${object.name} runs a backup`));
    }
    if (object.kind === 'Cluster' && object.apiVersion.startsWith('postgresql.cnpg.io')) {
      if (isPlain(at(object.body, 'spec', 'backup'))) {
        hits.push(factHit(BACKUP, true, 'strong', file.path, object.lineOf(['spec', 'backup']), `CloudNativePG cluster ${object.name} backs up`));
        hits.push(factHit('datastores[].pitr', true, 'medium', file.path, object.lineOf(['spec', 'backup']), `CloudNativePG cluster ${object.name} archives WAL`));
      }
      const instances = at(object.body, 'spec', 'instances');
      if (typeof instances === 'number' && instances >= 2) hits.push(factHit('datastores[].replicated', true, 'strong', file.path, object.lineOf(['spec', 'instances']), `CloudNativePG cluster ${object.name} runs ${instances} instances`));
    }
  }
  return hits;
}

function scheduledJobHits(file: SourceFile): Hit[] {
  if (!isCiFile(file.path)) return [];
  const config = ciConfig(file);
  if (!config.triggers.has('schedule')) return [];
  return ciLinesMatching(config, BACKUP_COMMAND).map((l) => factHit(BACKUP, true, 'medium', file.path, l.line, 'scheduled CI job runs a backup'));
}

/** The common AWS settings, read as text: `terraform plan` would need credentials and providers. */
function terraformHits({ path, text }: SourceFile): Hit[] {
  if (extension(path) !== 'tf') return [];
  const hits: Hit[] = [];
  for (const { match, line } of matchesWithLines(text, /\bbackup_retention_period\s*=\s*(\d+)/g)) {
    const days = Number(match[1]);
    hits.push(factHit(BACKUP, days > 0, 'medium', path, line, days > 0 ? `automated backups kept ${days} days` : 'backup_retention_period = 0 switches automated backups off'));
  }
  for (const { line } of matchesWithLines(text, /\bmulti_az\s*=\s*true\b/g)) hits.push(factHit('datastores[].replicated', true, 'medium', path, line, 'multi_az = true'));
  for (const { line } of matchesWithLines(text, /\bpoint_in_time_recovery\s*\{[^}]*\benabled\s*=\s*true/g)) hits.push(factHit('datastores[].pitr', true, 'medium', path, line, 'point_in_time_recovery enabled'));
  for (const { match, line } of matchesWithLines(text, /\bstorage_encrypted\s*=\s*(true|false)\b/g)) {
    hits.push(factHit(ENCRYPTED, match[1] === 'true', 'medium', path, line, `storage_encrypted = ${match[1]}`));
  }
  for (const { line } of matchesWithLines(text, /\bdeletion_protection\s*=\s*true\b/g)) hits.push(signalHit(path, line, 'deletion_protection = true'));
  return hits;
}

function runbookSignals({ paths }: Inventory): Hit[] {
  return [...paths].filter((p) => /\.(md|adoc|rst)$/.test(p) && /(restore|disaster|recovery|backup)/i.test(baseName(p)))
    .slice(0, 20).map((p) => signalHit(p, 1, 'recovery document'));
}
