# Step 3 of 3: the single-channel fields are gone; the channel rows hold them now.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('messaging', '0003_copy_single_channel'),
    ]

    operations = [
        migrations.RemoveField(model_name='contactpreference', name='channel'),
        migrations.RemoveField(model_name='contactpreference', name='scope'),
        migrations.RemoveField(model_name='contactpreference', name='consent_on'),
        migrations.RemoveField(model_name='contactpreference', name='withdrawn_on'),
    ]
