/* pb-server-errors.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "pb-server-errors.h"

typedef struct
{
  const char *code;
  const char *text;   /* NULL for those naming the column (meta.field) */
  gboolean    names_field;
} KnownError;

/* The codes of API.md (learner imports, campaigns), as Pix Orga words
 * them. A code not listed keeps the server's own detail. */
static const KnownError known_errors[] = {
  { "UAI_MISMATCHED", N_("the file is for another school: its UAI is not this school’s."), FALSE },
  { "INE_REQUIRED", N_("the INE (national student identifier) is missing."), FALSE },
  { "INE_UNIQUE", N_("this INE is already that of another pupil of the file."), FALSE },
  { "LAST_NAME_REQUIRED", N_("the last name is missing."), FALSE },
  { "FIRST_NAME_REQUIRED", N_("the first name is missing."), FALSE },
  { "SEX_CODE_REQUIRED", N_("the sex code is missing or is not 1 or 2 (M or F)."), FALSE },
  { "BIRTHDATE_REQUIRED", N_("the birth date is missing."), FALSE },
  { "INVALID_BIRTHDATE_FORMAT", N_("the birth date is not a real date written DD/MM/YYYY."), FALSE },
  { "BIRTH_CITY_CODE_REQUIRED_FOR_FR_STUDENT",
    N_("the INSEE code of the birth town is required for a pupil born in France."), FALSE },
  { "INVALID_CHAR_DETECTED",
    N_("a name holds a character that cannot be read: check the file’s encoding."), FALSE },
  { "FIELD_REQUIRED", NULL, TRUE },
  { "FIELD_BAD_VALUE", NULL, TRUE },
  { "STUDENT_NUMBER_UNIQUE", N_("this student number is already that of another line."), FALSE },
  { "EMAIL_INVALID", N_("the e-mail address is not valid."), FALSE },
  { "INVALID_FILE", N_("the file cannot be read (not a SIECLE or Pix CSV file, damaged, or a wrong column)."), FALSE },
  { "EMPTY_FILE", N_("the file is empty."), FALSE },
  { "PAYLOAD_TOO_LARGE", N_("the file is too large (20 MB at most)."), FALSE },
  { "FILE_TOO_LARGE", N_("the zipped file is too large once unzipped (100 MB at most)."), FALSE },
  { "ADMIN_REQUIRED", N_("only the organization’s administrators may import learners."), FALSE },
  { "WRONG_ORGANIZATION_TYPE", N_("this organization does not import this kind of file."), FALSE },
  { "NOT_MANAGING_STUDENTS", N_("this organization has no UAI: it cannot import a SIECLE file."), FALSE },
  { "CAMPAIGN_ARCHIVED", N_("the campaign is archived: unarchive it first."), FALSE },
  { "NOT_CAMPAIGN_OWNER", N_("only the campaign’s owner or an administrator may change it."), FALSE },
  { "NOT_FOUND", N_("it no longer exists on the server, or you are no longer a member."), FALSE },
  { "CAMPAIGN_NAME_IS_REQUIRED", N_("the campaign needs a name."), FALSE },
  { "TARGET_PROFILE_IS_REQUIRED", N_("an assessment campaign needs a target profile."), FALSE },
  { "TARGET_PROFILE_NOT_AVAILABLE", N_("this target profile is not available to the organization."), FALSE },
  { "TARGET_PROFILE_NOT_ALLOWED", N_("a profiles collection has no target profile."), FALSE },
  { "TITLE_NOT_ALLOWED", N_("a profiles collection has no title."), FALSE },
  { "OWNER_NOT_A_MEMBER", N_("the chosen owner is not a member of the organization."), FALSE },
  { "ATTRIBUTE_TOO_LONG", N_("a text is too long."), FALSE },
  { "ID_TAKEN", N_("a campaign with this identifier exists already."), FALSE },
};

static const KnownError *
find_known (const char *code)
{
  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (known_errors); i++)
    if (g_str_equal (known_errors[i].code, code))
      return &known_errors[i];
  return NULL;
}

/* "Ligne 3 : ", "Élève 1002 : " or nothing, from meta. */
static char *
describe_place (JsonObject *meta)
{
  gint64 line;
  const char *pupil;

  if (meta == NULL)
    return g_strdup ("");
  line = json_object_get_int_member_with_default (meta, "line", 0);
  if (line > 0 && line <= G_MAXINT)
    return g_strdup_printf (_("Line %d: "), (int)line);
  pupil = json_object_get_string_member_with_default (meta, "pupil-id", NULL);
  if (pupil != NULL)
    return g_strdup_printf (_("Pupil %s: "), pupil);
  return g_strdup ("");
}

/* Literal formats, so the compiler checks them against their argument. */
static char *
describe_field_error (const char *code,
                      const char *field)
{
  if (g_str_equal (code, "FIELD_REQUIRED"))
    return g_strdup_printf (_("the column “%s” is empty."), field);
  return g_strdup_printf (_("the value of the column “%s” is not allowed (ST or AP)."), field);
}

static char *
describe_known (const KnownError *known,
                JsonObject       *meta)
{
  const char *field = meta != NULL ? json_object_get_string_member_with_default (meta, "field", NULL) : NULL;
  g_autofree char *place = describe_place (meta);
  g_autofree char *text = NULL;

  if (known->names_field)
    text = describe_field_error (known->code, field != NULL ? field : "?");
  else
    text = g_strdup (_(known->text));
  /* Capitalized when it opens the sentence. */
  if (*place == '\0')
    {
      g_autofree char *first = g_utf8_strup (text, g_utf8_next_char (text) - text);

      return g_strconcat (first, g_utf8_next_char (text), NULL);
    }
  return g_strconcat (place, text, NULL);
}

/**
 * pb_server_error_describe:
 * @error: one object of a JSON:API `errors` array
 *
 * Returns: (transfer full): the error in French for people: where (line or
 * pupil), then what. Unknown codes keep the server's detail.
 */
char *
pb_server_error_describe (JsonObject *error)
{
  const char *code = json_object_get_string_member_with_default (error, "code", NULL);
  const KnownError *known = find_known (code);
  JsonObject *meta = NULL;
  JsonNode *node = json_object_get_member (error, "meta");
  const char *detail;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    meta = json_node_get_object (node);
  if (known != NULL)
    return describe_known (known, meta);

  detail = json_object_get_string_member_with_default (error, "detail", NULL);
  if (detail == NULL)
    detail = json_object_get_string_member_with_default (error, "title", NULL);
  return g_strdup (detail != NULL ? detail : (code != NULL ? code : ""));
}
