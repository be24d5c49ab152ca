/* pb-campaign-format.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char       *pb_campaign_format_date            (const char *iso8601);
const char *pb_campaign_format_type            (const char *type);
const char *pb_campaign_format_status          (const char *status);
char       *pb_campaign_format_mastery         (double      mastery_rate);
const char *pb_campaign_format_target_profile  (const char *target_profile_id);
const char *pb_campaign_format_code_pending    (void);

G_END_DECLS
