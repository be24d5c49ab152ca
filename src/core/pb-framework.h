/* pb-framework.h
 *
 * The CRCN competence framework (référentiel): areas, competences, tubes and
 * skills, loaded from JSON content.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PB_FRAMEWORK_ERROR (pb_framework_error_quark ())

typedef enum
{
  PB_FRAMEWORK_ERROR_INVALID,
} PbFrameworkError;

typedef struct _PbArea       PbArea;
typedef struct _PbCompetence PbCompetence;
typedef struct _PbTube       PbTube;
typedef struct _PbSkill      PbSkill;

/* The structures are owned by their PbFramework and read-only: they live as
 * long as the framework object.
 */
struct _PbArea
{
  char      *code;         /* "1" … "5" */
  char      *title;        /* "Information et données" */
  char      *color;        /* "#rrggbb", used by charts */
  GPtrArray *competences;  /* of PbCompetence, in index order */
};

struct _PbCompetence
{
  char      *index;        /* "1.1" … "5.2": the stable key */
  char      *id;           /* opaque learning-content id */
  char      *name;         /* "Mener une recherche et une veille d'information" */
  PbArea    *area;
  GPtrArray *tubes;        /* of PbTube */
};

struct _PbTube
{
  char         *id;
  char         *name;      /* "@recherche" */
  char         *title;     /* "Rechercher sur le web" */
  PbCompetence *competence;
  GPtrArray    *skills;    /* of PbSkill, by increasing level */
};

struct _PbSkill
{
  char   *id;
  char   *name;            /* tube name + level digit: "@recherche3" */
  guint   level;           /* 1 … 8 */
  double  pix_value;       /* share of the 8 pix of its level in its competence */
  PbTube *tube;
};

#define PB_TYPE_FRAMEWORK (pb_framework_get_type ())

G_DECLARE_FINAL_TYPE (PbFramework, pb_framework, PB, FRAMEWORK, GObject)

GQuark               pb_framework_error_quark            (void);
PbFramework         *pb_framework_new_from_bytes         (GBytes            *json,
                                                          GError           **error);
PbFramework         *pb_framework_new_default            (GError           **error);
guint                pb_framework_get_n_areas            (PbFramework       *self);
const PbArea        *pb_framework_get_area               (PbFramework       *self,
                                                          guint              position);
guint                pb_framework_get_n_competences      (PbFramework       *self);
const PbCompetence  *pb_framework_get_competence         (PbFramework       *self,
                                                          guint              position);
const char * const  *pb_framework_get_competence_indices (PbFramework       *self);
const PbCompetence  *pb_framework_lookup_competence      (PbFramework       *self,
                                                          const char        *index);
const PbTube        *pb_framework_lookup_tube            (PbFramework       *self,
                                                          const char        *name);
const PbSkill       *pb_framework_lookup_skill           (PbFramework       *self,
                                                          const char        *name);
guint                pb_framework_get_n_skills           (PbFramework       *self);

G_END_DECLS
