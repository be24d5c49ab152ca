/* pb-search.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char  *pb_search_key          (const char *text);
GStrv  pb_search_words        (const char *text);
void   pb_search_add_conditions (GString   *where,
                                 GPtrArray *parameters,
                                 GStrv      words);

void   pb_search_add_in_condition (GString    *where,
                                   GPtrArray  *parameters,
                                   const char *column,
                                   GStrv       values);

G_END_DECLS
