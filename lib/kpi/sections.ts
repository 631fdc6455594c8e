import "@/lib/incidents/kpi";
