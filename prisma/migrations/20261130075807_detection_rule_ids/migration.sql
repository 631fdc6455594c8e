-- Rule settings were keyed by ids no detector emits; move them to the ids findings carry, so a switch an
-- admin turned on keeps working (an existing setting under the new id wins).
UPDATE "setting" s SET key = 'detection.rule.' || m.new_id
  FROM (VALUES ('plaintext-cross-cluster', 'mesh.plaintext-cross-cluster'),
               ('unknown-trust-domain', 'mesh.unknown-trust-domain'),
               ('expired-certificate', 'certificate.expired-in-use'),
               ('missed-rotation', 'certificate.rotation-missed')) AS m(old_id, new_id)
 WHERE s.key = 'detection.rule.' || m.old_id
   AND NOT EXISTS (SELECT 1 FROM "setting" t WHERE t.key = 'detection.rule.' || m.new_id);
DELETE FROM "setting"
 WHERE key IN ('detection.rule.plaintext-cross-cluster', 'detection.rule.unknown-trust-domain',
               'detection.rule.expired-certificate', 'detection.rule.missed-rotation');
