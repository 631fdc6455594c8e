// The certificate domain's pull connectors (imported once from lib/sources/connector-list.ts).
import "./kubernetes";
import "./tls-endpoints";
