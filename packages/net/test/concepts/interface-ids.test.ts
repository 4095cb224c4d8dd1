// An instance's primary interface by its AWS id (`primaryInterfaceId`, as imports write it):
// consoles and flow logs name interfaces by their `eni-` ids, so every interface id of an
// instance is a trace endpoint (issue 13, item 7), in the tracer, the reference and the symbolic
// engine alike. https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html (interface-id)
import { describe, expect, it } from 'vitest';
import { traceThreeWays } from '../three-way.js';
import { expectVerdict, model, run, variant } from '../helpers.js';

const named = variant((s) => {
  s.instances[0].primaryInterfaceId = 'eni-0web';
  s.instances[3].primaryInterfaceId = 'eni-0db';
  // a route naming the primary interface by its AWS id goes to the instance
  s.routeTables.push({ id: 'rtb-app', vpc: 'vpc-a', routes: [{ destination: '10.0.2.0/24', target: 'eni-0web' }] });
  s.subnets[1].routeTable = 'rtb-app';
});

describe("an instance's primary interface by its AWS id", () => {
  it('is a source and a destination, naming `<instance>/eth0`', () => {
    const t = traceThreeWays(model(named), 'eni-0web', 'eni-0db', 443);
    expect(t.disposition).toBe('delivered');
    expect(t.forward[0]?.component).toBe('i-web/eth0');
    expect(t.forward.at(-1)?.component).toBe('i-db/eth0');
  });
  it('a route to it goes to the instance (here an appliance with its source/destination check on)', () => {
    const o = run(named, 'i-app', 'i-db', 443);
    expectVerdict(o, 'src-dst-check', 'i-web/eth0');
    traceThreeWays(model(named), 'i-app', 'i-db', 443);
  });
});
