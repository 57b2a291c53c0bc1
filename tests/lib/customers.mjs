// A large customers CSV for the tests, written in parts: `rows` customers in five planted groups
// (each with its own mix of plan, industry and size, and its own spend, seats and tenure), seeded,
// so that the same call writes the same bytes.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** A seeded generator of numbers in [0, 1) (mulberry32). */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLANS = ['Free', 'Starter', 'Team', 'Enterprise'];
const INDUSTRIES = ['SaaS', 'Retail', 'Healthcare', 'Manufacturing', 'Finance', 'Education'];
const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'ES'];
// Per group: its share, its most likely plan and industry, and the centre of its numbers.
const GROUPS = [
  { share: 0.3, plan: 1, industry: 0, spend: 40, seats: 3, tenure: 8, tickets: 1 },
  { share: 0.25, plan: 2, industry: 1, spend: 300, seats: 20, tenure: 24, tickets: 3 },
  { share: 0.2, plan: 2, industry: 2, spend: 900, seats: 60, tenure: 36, tickets: 6 },
  { share: 0.15, plan: 3, industry: 3, spend: 4000, seats: 300, tenure: 60, tickets: 12 },
  { share: 0.1, plan: 0, industry: 4, spend: 0, seats: 1, tenure: 3, tickets: 0 },
];

/** Writes `rows` customers to `file`; resolves when the file is closed. */
export async function writeCustomers(file, rows, seed = 13) {
  const r = random(seed);
  const out = createWriteStream(file);
  out.write('customer_id,country,industry,plan,monthly_spend,seats,tenure_months,support_tickets,churned\n');
  const spread = (centre, by) => Math.max(0, centre * (1 + (r() - 0.5) * by));
  let lines = [];
  for (let i = 0; i < rows; i++) {
    let u = r();
    let g = 0;
    while (g < GROUPS.length - 1 && u > GROUPS[g].share) u -= GROUPS[g++].share;
    const G = GROUPS[g];
    const plan = r() < 0.7 ? G.plan : Math.floor(r() * PLANS.length);
    const industry = r() < 0.6 ? G.industry : Math.floor(r() * INDUSTRIES.length);
    lines.push([
      `C${String(i + 1).padStart(7, '0')}`,
      COUNTRIES[Math.floor(r() * COUNTRIES.length)],
      INDUSTRIES[industry],
      PLANS[plan],
      spread(G.spend, 1.2).toFixed(2),
      Math.round(spread(G.seats, 1.4)),
      Math.round(spread(G.tenure, 1.5)),
      Math.round(spread(G.tickets, 1.8)),
      r() < 0.1 + 0.05 * g ? 'yes' : 'no',
    ].join(','));
    if (lines.length === 10_000) {
      if (!out.write(`${lines.join('\n')}\n`)) await once(out, 'drain');
      lines = [];
    }
  }
  if (lines.length) out.write(`${lines.join('\n')}\n`);
  out.end();
  await once(out, 'close');
}
