import "@/lib/incidents/formats";
