/* pb-campaign-format.c
 *
 * How the Campaigns view, its detail page and its dialog write campaign
 * fields for people, in Pix Orga's words, so the three always agree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "pb-campaign-format.h"
#include "pb-target-profiles.h"

/* dd/mm/yyyy in local time, as French schools write dates; an em dash
 * when there is none. */
char *
pb_campaign_format_date (const char *iso8601)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso8601 == NULL || *iso8601 == '\0')
    return g_strdup ("—");

  utc = g_date_time_new_from_iso8601 (iso8601, NULL);
  if (utc == NULL)
    return g_strdup ("—");

  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%d/%m/%Y");
}

const char *
pb_campaign_format_type (const char *type)
{
  if (g_strcmp0 (type, "ASSESSMENT") == 0)
    return _("Assessment");
  if (g_strcmp0 (type, "PROFILES_COLLECTION") == 0)
    return _("Profiles collection");
  return type != NULL ? type : "—";
}

/* Pix Orga's labels for a participation's status. */
const char *
pb_campaign_format_status (const char *status)
{
  if (g_strcmp0 (status, "STARTED") == 0)
    return _("In progress");
  if (g_strcmp0 (status, "TO_SHARE") == 0)
    return _("Waiting to be sent");
  if (g_strcmp0 (status, "SHARED") == 0)
    return _("Results received");
  return status != NULL ? status : "—";
}

/* "73 %" with French spacing; an em dash before the results are shared. */
char *
pb_campaign_format_mastery (double mastery_rate)
{
  if (mastery_rate < 0)
    return g_strdup ("—");

  /* TRANSLATORS: a mastery percentage; French puts a narrow no-break space before % */
  return g_strdup_printf (_("%d %%"), (int)(mastery_rate * 100 + 0.5));
}

/* The target profile's name (a French name: Pix's content is French). */
const char *
pb_campaign_format_target_profile (const char *target_profile_id)
{
  JsonObject *profile;

  if (target_profile_id == NULL)
    return "—";

  profile = pb_target_profiles_lookup (target_profile_id);
  if (profile == NULL)
    return target_profile_id;
  return json_object_get_string_member_with_default (profile, "name", target_profile_id);
}

/* What a campaign created offline shows until the server gives it a code. */
const char *
pb_campaign_format_code_pending (void)
{
  return _("assigned at synchronization");
}
