"""Indexes for the hub dashboard (DESIGN §6): a hub's sessions of the month, its active
plans and their actions due, its open referrals, read without walking the region's rows."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0005_appointments"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="listeningsession",
            index=models.Index(fields=["hub", "held_on"], name="casework_li_hub_id_7313f9_idx"),
        ),
        migrations.AddIndex(
            model_name="planaction",
            index=models.Index(
                fields=["plan", "status", "due_on"], name="casework_pl_plan_id_e9a42b_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(
                fields=["from_hub", "state", "sent_at"], name="casework_re_from_hu_ae0b22_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="supportplan",
            index=models.Index(fields=["hub", "status"], name="casework_su_hub_id_2b4bc9_idx"),
        ),
    ]
