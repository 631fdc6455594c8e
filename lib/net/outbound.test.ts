import { afterEach, describe, expect, it } from "vitest";
import { reloadEnv } from "@/lib/config/env";
import { isForbiddenAddress, OutboundError, parseAllowList, resolveChecked } from "./outbound";

afterEach(() => {
  delete process.env.POSTURE_OUTBOUND_ALLOW;
  reloadEnv();
});

describe("outbound address rules", () => {
  it("refuses link-local and cloud metadata addresses in every spelling", () => {
    for (const a of [
      "169.254.169.254",
      "169.254.170.2",
      "100.100.100.200",
      "fd00:ec2::254",
      "fe80::1",
      "fe80::1%eth0",
      "::ffff:169.254.169.254",
      "::ffff:a9fe:a9fe",
      "64:ff9b::a9fe:a9fe",
      "0.0.0.0",
      "::",
      "224.0.0.1",
      "255.255.255.255",
    ])
      expect(isForbiddenAddress(a), a).toBe(true);
  });

  it("allows loopback and private ranges by default (in-cluster Prometheus lives there)", () => {
    for (const a of [
      "127.0.0.1",
      "::1",
      "10.1.2.3",
      "172.16.0.9",
      "192.168.1.1",
      "fd12::1",
      "8.8.8.8",
      "::ffff:10.0.0.1",
    ])
      expect(isForbiddenAddress(a), a).toBe(false);
  });

  it("refuses metadata host names before any DNS lookup", async () => {
    let lookups = 0;
    const resolve = async () => {
      lookups++;
      return [{ address: "10.0.0.1", family: 4 }];
    };
    for (const h of ["metadata.google.internal", "METADATA.GOOGLE.INTERNAL.", "metadata", "instance-data"])
      await expect(resolveChecked(h, resolve)).rejects.toMatchObject({ reason: "forbidden-address" });
    expect(lookups).toBe(0);
  });

  it("a name that resolves to a metadata address among others is refused", async () => {
    const resolve = async () => [
      { address: "10.0.0.1", family: 4 },
      { address: "169.254.169.254", family: 4 },
    ];
    await expect(resolveChecked("prometheus.example", resolve)).rejects.toMatchObject({
      reason: "forbidden-address",
    });
  });

  it("POSTURE_OUTBOUND_ALLOW: hosts, wildcards, IPs and CIDRs; anything else is refused", async () => {
    process.env.POSTURE_OUTBOUND_ALLOW =
      "prometheus.monitoring.svc, *.example.internal 10.0.0.0/8 fd00::/8 192.0.2.7";
    reloadEnv();
    const to = (address: string) => async () => [{ address, family: address.includes(":") ? 6 : 4 }];
    await expect(resolveChecked("prometheus.monitoring.svc", to("172.20.0.5"))).resolves.toMatchObject({
      address: "172.20.0.5",
    });
    await expect(resolveChecked("api.example.internal", to("172.20.0.6"))).resolves.toBeTruthy();
    await expect(resolveChecked("10.9.8.7")).resolves.toBeTruthy();
    await expect(resolveChecked("[fd00::5]")).resolves.toBeTruthy();
    await expect(resolveChecked("192.0.2.7")).resolves.toBeTruthy();
    await expect(resolveChecked("127.0.0.1")).rejects.toMatchObject({ reason: "not-allowed" });
    await expect(resolveChecked("other.svc", to("172.20.0.5"))).rejects.toMatchObject({
      reason: "not-allowed",
    });
    // An allowed name still may not point at the metadata service.
    await expect(resolveChecked("prometheus.monitoring.svc", to("169.254.169.254"))).rejects.toMatchObject({
      reason: "forbidden-address",
    });
  });

  it("a bad POSTURE_OUTBOUND_ALLOW entry is named", () => {
    expect(() => parseAllowList("10.0.0.0/8, 10.0.0.0/99")).toThrow(OutboundError);
    expect(() => parseAllowList("http://x")).toThrow(/POSTURE_OUTBOUND_ALLOW is not valid \(http:\/\/x\)/);
  });
});
