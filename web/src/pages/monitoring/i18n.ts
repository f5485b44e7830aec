/** Adds the dashboard's strings (./strings.ts) to the app's translations, key prefix `monitoring.`. */
import i18n from '../../i18n';
import { strings } from './strings';

i18n.addResourceBundle('it', 'translation', { monitoring: strings.it }, true, true);
i18n.addResourceBundle('en', 'translation', { monitoring: strings.en }, true, true);
import { planningStrings } from './planningStrings';

i18n.addResourceBundle('it', 'translation', { planning: planningStrings.it }, true, true);
i18n.addResourceBundle('en', 'translation', { planning: planningStrings.en }, true, true);
