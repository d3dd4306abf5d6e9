import { isRecord, records, str, type TeamMember } from '../../descriptor/model.js';
import { defineRule } from '../rule.js';

export const OWNER_ROLE = /\bowner\b/i;

export default defineRule({
  id: 'team-owner',
  description: 'The product names its team and a team member whose role is owner.',
  help: 'Every data product has an accountable owner who negotiates its guarantees with consumers; the catalog shows it and publishing checks team ownership.',
  category: 'structure',
  basis: 'dp',
  severity: 'warning',
  scope: 'descriptor',
  check({ file, report }) {
    const team = file.value?.team;
    if (!isRecord(team)) {
      report({ path: [], message: 'the product has no team', hint: 'add `team:` with `name:` and a member whose `role: owner`' });
      return;
    }
    if (!str(team.name))
      report({ path: ['team'], message: 'the team has no name', hint: 'add `name:` to team; the catalog grants publishing rights per team' });
    const members = records<TeamMember>(team.members);
    const active = members.filter(([m]) => !m.dateOut);
    if (!active.some(([m]) => OWNER_ROLE.test(str(m.role) ?? ''))) {
      report({
        path: Array.isArray(team.members) ? ['team', 'members'] : ['team'],
        message: 'no current team member has the owner role',
        hint: 'add a member with `role: owner` (and no dateOut)',
      });
    }
  },
});
