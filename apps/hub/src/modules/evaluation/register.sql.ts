/** SQL shared by the follow-ups and the evaluation: which incidents are in the register and whose they are. */

/** Incidents in the register: alarms, door alarms and incidents registered by hand (device faults are not). */
export const REGISTER_KINDS = `i.kind IN ('alarm', 'door', 'manual')`;

/** The organisation an incident belongs to: the follow-up's, else the room's. */
export const ORGANISATION = `COALESCE(f.organisation_id, r.organisation_id)`;

/** The joins ORGANISATION and CATEGORY need (`i` = incidents). */
export const REGISTER_JOINS = `
  LEFT JOIN incident_follow_ups f ON f.incident_id = i.id
  LEFT JOIN rooms r ON r.site_id = i.site_id AND r.id = i.room_id
  LEFT JOIN LATERAL (
    SELECT bool_or(drill) AS drill, min(first_coming_at) AS first_coming_at, min(quorum_met_at) AS quorum_met_at
      FROM alerts WHERE incident_id = i.id
  ) a ON true`;

/** The category: the follow-up's; else a drill alert or the guard's outcome implies one (false alarm, test → drill). */
export const CATEGORY = `COALESCE(f.category, CASE WHEN a.drill THEN 'drill' END,
  CASE i.outcome WHEN 'false_alarm' THEN 'false_alarm' WHEN 'test' THEN 'drill' END)`;
