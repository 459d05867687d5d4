# Several consented channels per client (issue #18 §2), step 1 of 3: the new table and
# fields next to the old ones; 0003 copies, 0004 removes the old single-channel fields.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('messaging', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ContactChannel',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('channel', models.CharField(choices=[('email', 'e-mail'), ('sms', 'SMS'), ('letter', 'letter')], max_length=10, verbose_name='channel')),
                ('scope', models.CharField(choices=[('appointments', 'appointments only'), ('information', 'appointments and information')], default='appointments', max_length=20, verbose_name='scope of consent')),
                ('consent_on', models.DateField(blank=True, null=True, verbose_name='consent given on')),
                ('withdrawn_on', models.DateField(blank=True, null=True, verbose_name='withdrawn on')),
                ('recorded_at', models.DateTimeField(verbose_name='recorded at')),
                ('preference', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='channels', to='messaging.contactpreference', verbose_name='contact preference')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
            ],
            options={
                'verbose_name': 'consented channel',
                'verbose_name_plural': 'consented channels',
                'ordering': ['preference', 'channel'],
                'constraints': [models.UniqueConstraint(fields=('preference', 'channel'), name='contact_channel_unique')],
            },
        ),
        migrations.AddField(
            model_name='contactpreference',
            name='preferred_channel',
            field=models.CharField(blank=True, choices=[('email', 'e-mail'), ('sms', 'SMS')], max_length=10, verbose_name='preferred channel'),
        ),
        migrations.AddField(
            model_name='outgoingmessage',
            name='delivery_ref',
            field=models.CharField(blank=True, max_length=40, verbose_name='delivery reference'),
        ),
        migrations.AddIndex(
            model_name='outgoingmessage',
            index=models.Index(fields=['delivery_ref'], name='message_ref_idx'),
        ),
    ]
