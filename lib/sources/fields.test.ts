import { describe, expect, it } from "vitest";
import { type ConnectorField, configFromForm, formValue } from "./fields";

const F = (
  key: string,
  type: ConnectorField["type"],
  initial?: ConnectorField["initial"],
): ConnectorField => ({
  key,
  label: key,
  type,
  help: "",
  initial,
});

describe("connector form fields", () => {
  const fields = [
    F("url", "url"),
    F("timeoutSeconds", "number", 30),
    F("namespaces", "list"),
    F("policyReports", "checkbox", true),
    F("serverNames", "pairs"),
    F("caBundle", "pem"),
  ];

  it("turns typed values into the config the connector's schema reads", () => {
    const form: Record<string, string> = {
      url: " https://10.0.0.1:6443 ",
      timeoutSeconds: "45",
      namespaces: "payments, checkout\nedge\n",
      policyReports: "on",
      serverNames: "10.0.0.5:443 = api.example.com\nbad line\n",
      caBundle: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
    };
    expect(configFromForm(fields, (k) => form[k] ?? null)).toEqual({
      url: "https://10.0.0.1:6443",
      timeoutSeconds: 45,
      namespaces: ["payments", "checkout", "edge"],
      policyReports: true,
      serverNames: { "10.0.0.5:443": "api.example.com" },
      caBundle: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
    });
  });

  it("leaves empty optional fields out so schema defaults apply, and an unticked box is false", () => {
    expect(configFromForm(fields, () => null)).toEqual({ policyReports: false });
  });

  it("keeps a number that is not one as text for the schema to refuse by name", () => {
    expect(configFromForm([F("timeoutSeconds", "number")], () => "ten")).toEqual({ timeoutSeconds: "ten" });
  });

  it("shows stored values back in the form", () => {
    expect(formValue(F("n", "list"), ["a", "b"])).toBe("a\nb");
    expect(formValue(F("m", "pairs"), { a: "x" })).toBe("a = x");
    expect(formValue(F("t", "number", 30), undefined)).toBe("30");
  });
});
