import Link from "next/link";

const PAGES = [
  { href: "/certificates", label: "Inventory" },
  { href: "/certificates/rotations", label: "Rotations due" },
  { href: "/certificates/trust-anchors", label: "Trust anchors" },
] as const;

/** The pages of the Certificates area, shown in each page's header. */
export function CertificatesNav({ current }: { current: (typeof PAGES)[number]["href"] }) {
  return (
    <nav aria-label="Certificates pages" className="row">
      {PAGES.map((p) => (
        <Link
          key={p.href}
          href={p.href}
          className={`btn small${p.href === current ? " primary" : ""}`}
          aria-current={p.href === current ? "page" : undefined}
        >
          {p.label}
        </Link>
      ))}
    </nav>
  );
}
